/** How an executable starts the smskit command. */
export interface LaunchOptions {
  /** The package.json of a package bundling providers, used when the application lists none. */
  bundledPackageJson?: string;
}

/**
 * Run the command line of this process: on Node.js >= 22.12 load the command and run it,
 * on an older one run the executable again with a cached newer Node.js.
 */
export declare function launch(options?: LaunchOptions): void;
