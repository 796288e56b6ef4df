import { runPost } from '../../../shared/run-action.ts';
import { closeLeftOpen } from './cleanup.ts';

await runPost('deploy', closeLeftOpen);
