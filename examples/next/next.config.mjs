/**
 * Nothing to configure for samtykke: the ledger's database drivers (better-sqlite3, pg) are on Next.js's own
 * list of packages kept out of the server bundle.
 * @type {import('next').NextConfig}
 */
export default {};
