/** The `vigil` command from the sources (run with `node --import tsx`), for tests that need a second process. */
import { main } from '../../src/main/cli/index'

process.exit(await main(process.argv.slice(2), process))
