CACHE_KEY_PREFIX = "shop:v2:products"
PRIMARY_KEY_FIELD = "order_id"
SIGNING_KEY_PATH = "/etc/shop/signing.pem"
SECRET_KEY = os.environ["SECRET_KEY"]
