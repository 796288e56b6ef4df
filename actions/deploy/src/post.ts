import { runPost } from '../../../shared/run-action.ts';
import { cleanUp } from './cleanup.ts';
import { metadata } from './metadata.ts';

await runPost(metadata, cleanUp);
