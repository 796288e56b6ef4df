import { runAction } from '../../../shared/run-action.ts';
import { run } from './main.ts';
import { metadata } from './metadata.ts';

void runAction(metadata, run);
