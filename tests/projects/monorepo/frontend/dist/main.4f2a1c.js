(()=>{"use strict";const e={apiKey:"JC4jvDnpwghBCAi9DxJPmMCff64T",stripeKey:"sk_live_C3oRfAOjZ3YvKqlS9t8pMykWqLVNINrw",tokenUrl:"https://carrier.internal/oauth2/token"};window.__parcel=e})();
