// The part of semver's API core uses (semver ships no declarations).
declare module "semver" {
  interface SemVer {
    readonly version: string;
    readonly major: number;
  }
  const semver: {
    satisfies(version: string, range: string): boolean;
    validRange(range: string): string | null;
    minVersion(range: string): SemVer | null;
    gt(left: string | SemVer, right: string | SemVer): boolean;
    major(version: string | SemVer): number;
  };
  export default semver;
}
