import { runPost } from '../../../shared/run-action.ts';
import { cleanUp } from './cleanup.ts';
import { metadata } from './metadata.ts';

void runPost(metadata, cleanUp);
