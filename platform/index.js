// The compiled package lives in the repository's dist/ (one tsc program builds every package).
module.exports = require('../dist/platform/src/index.js');
