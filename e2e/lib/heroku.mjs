// What every suite driving the stock `heroku` CLI shares: where the pinned CLI
// and the pty driver live, the environment that points it at a latchkeyd (and
// keeps tokens away from Heroku's services), and plain-text output.
import { join, resolve } from 'node:path';

export const E2E = resolve(import.meta.dirname, '..');
export const BIN = join(E2E, 'node_modules/.bin');
export const HEROKU = join(BIN, 'heroku');
export const PTY = join(E2E, 'lib/pty_run.py');

// Strips colours and cursor movement so assertions read like the terminal.
export const plain = (s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

// The CLI's environment for a server at `url`, with `home` as HOME
// (docs/heroku-cli.md explains each variable).
export function herokuEnv(url, home) {
  return {
    PATH: `${BIN}:${process.env.PATH}`,
    HOME: home,
    HEROKU_HOST: url,
    HEROKU_LOGIN_HOST: url,
    HEROKU_PARTICLEBOARD_URL: url,
    DISABLE_TELEMETRY: 'true',
    HEROKU_NETRC_WRITE: 'true',
    HEROKU_SKIP_NEW_VERSION_CHECK: 'true',
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    NO_COLOR: '1',
  };
}
