// The portal-pulse version every result records (package.json's), so a file can be traced to the code
// that computed it.
import pkg from '../../package.json' with { type: 'json' };

export const PORTAL_PULSE_VERSION: string = pkg.version;
