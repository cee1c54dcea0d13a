import { existsSync, readFileSync } from "node:fs";
import { defineConfig } from "vitepress";

/** The providers' navigation, written by scripts/generate.mjs from the installed provider packages. */
const generatedNavigation = new URL("./generated/providers.json", import.meta.url);
const providers: { text: string; link: string }[] = existsSync(generatedNavigation)
  ? JSON.parse(readFileSync(generatedNavigation, "utf8"))
  : [];

/** Pages generated from the code: their text is shown as it is (no Vue interpolation in descriptions). */
const generated = /^(providers\/|reference\/|errors\.md$)/;

export default defineConfig({
  title: "smskit",
  description: "Send SMS and push notifications through centrally defined gateways.",
  // The demo app serves the site under /docs/; `npm run docs` serves it there too.
  base: "/docs/",
  lang: "en",
  srcExclude: ["README.md", "test/**", "scripts/**", "node_modules/**"],
  // Dead links fail the build (VitePress's default, stated here so that nobody turns it off).
  ignoreDeadLinks: false,
  lastUpdated: false,
  markdown: {
    // No `{…}` attributes: a description ending in `{otp}` stays text.
    attrs: { disable: true },
    config(md) {
      const render = md.render.bind(md);
      md.render = (source: string, env?: { relativePath?: string }) => {
        const html = render(source, env);
        return env?.relativePath && generated.test(env.relativePath) ? `<div v-pre>${html}</div>` : html;
      };
    },
  },
  themeConfig: {
    search: { provider: "local" },
    nav: [
      { text: "Guide", link: "/guide/what-is-smskit" },
      { text: "Providers", link: "/providers/" },
      { text: "Reference", link: "/reference/cli" },
    ],
    sidebar: [
      {
        text: "Guide",
        items: [
          { text: "What smskit is", link: "/guide/what-is-smskit" },
          { text: "Quick start", link: "/guide/quick-start" },
          { text: "Concepts", link: "/guide/concepts" },
          { text: "Routes and policies", link: "/routes" },
          { text: "Message log and receipts", link: "/receipts" },
          { text: "SMS encoding and parts", link: "/sms-encoding" },
          { text: "Bulk sending", link: "/bulk" },
          { text: "Secrets and the key", link: "/secrets" },
          { text: "Moving from privacyIDEA", link: "/guide/privacyidea" },
          { text: "Deployment: PostgreSQL and the queue", link: "/deployment" },
          { text: "Deploying the demo app", link: "/guide/deploying-the-demo" },
          { text: "Security model", link: "/guide/security" },
          { text: "Writing a provider", link: "/writing-a-provider" },
        ],
      },
      {
        text: "Providers",
        items: [{ text: "All providers", link: "/providers/" }, ...providers],
      },
      {
        text: "Reference",
        items: [
          { text: "CLI", link: "/reference/cli" },
          { text: "HTTP API (demo app)", link: "/reference/api" },
          { text: "Error codes", link: "/errors" },
        ],
      },
    ],
    outline: { level: [2, 3] },
  },
});
