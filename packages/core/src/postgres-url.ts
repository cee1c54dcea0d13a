/** Whether a store location (`--store`, `SMSKIT_STORE`) names a PostgreSQL database rather than a file. */
export function isPostgresUrl(location: string | undefined): location is string {
  return location !== undefined && /^postgres(?:ql)?:\/\//i.test(location);
}
