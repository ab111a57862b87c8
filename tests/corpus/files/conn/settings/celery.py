BROKER_URL = "amqp://shop:QMDQPOswBCir2h718vBX@rabbit.internal:5672/shop"
RESULT_BACKEND = "redis://redis.internal:6379/1"
