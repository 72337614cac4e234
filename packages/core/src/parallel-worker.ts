/** Entry point of a {@link ParallelPool} worker thread: serves kernel commands until told to stop. */
import { workerData } from 'node:worker_threads';
import { serveLane, type LaneData } from './parallel-lane.js';

serveLane(workerData as LaneData);
