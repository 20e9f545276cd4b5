export declare const MINIMUM: [number, number];
export declare function nodeIsRecentEnough(version?: string): boolean;
export declare function requireRecentNode(): void;
