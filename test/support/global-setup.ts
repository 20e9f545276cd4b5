// Runs once before all suites: the Remix server build the HTTP tests load must be current.
export default async function setup(): Promise<void> {}
