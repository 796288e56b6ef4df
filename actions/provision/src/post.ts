import { runPost } from '../../../shared/run-action.ts';
import { cleanUp } from './cleanup.ts';

await runPost('provision', cleanUp);
