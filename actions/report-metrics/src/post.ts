import { runPost } from '../../../shared/run-action.ts';
import { metadata } from './metadata.ts';
import { reportResources } from './resources.ts';

await runPost(metadata, reportResources);
