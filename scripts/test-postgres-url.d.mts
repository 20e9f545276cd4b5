export declare const DEFAULT_TEST_POSTGRES_URL: string;
export declare function testPostgresUrl(env?: NodeJS.ProcessEnv): string;
