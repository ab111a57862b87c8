(()=>{"use strict";const s={apiSecret:"kBJXgeXgZG2MXa967FGzyqtp",url:"https://api.internal"};window.__cfg=s})();
