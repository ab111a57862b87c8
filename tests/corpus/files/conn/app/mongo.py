import pymongo

MONGO_URI = "mongodb+srv://analytics:zltYmMv4StJZs8IeKu4D@cluster0.internal.net/events"
client = pymongo.MongoClient(MONGO_URI)
