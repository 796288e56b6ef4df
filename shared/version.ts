import pkg from '../package.json' with { type: 'json' };

/** The suite's name and version, for user agents and execution records. */
export const SUITE_NAME = 'actions-suite';
export const SUITE_VERSION: string = pkg.version;
