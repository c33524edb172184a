// The part of semver a reproduction script needs (range checks), not the whole package.
import satisfies from 'semver/functions/satisfies.js';
import valid from 'semver/functions/valid.js';

export default { satisfies, valid };
