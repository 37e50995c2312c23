import { runReadModelProcess } from '../../src/read-model/main';

/*
 * Test entry point of the read model: the production process, plus a SIGKILL of itself inside the SQLite
 * transaction of block CRASH_AT_BLOCK, before it commits. Kept out of the production configuration.
 */
const crashAt = Number(process.env.CRASH_AT_BLOCK);
if (!Number.isSafeInteger(crashAt) || crashAt < 0) throw new Error('CRASH_AT_BLOCK must be a block number');
runReadModelProcess({
  beforeCommit: (block) => {
    if (block.number === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
