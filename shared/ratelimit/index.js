// The compiled package lives in the repository's dist/ (one tsc program builds every package).
module.exports = require('../../dist/shared/ratelimit/src/index.js');
