// Stands for "your own cluster module": here it simply is Node's.
'use strict';
module.exports = require('node:cluster');
