region          = "eu-west-1"
db_password     = "EqBSPuTSp3ADOH5fZ9VFyV"
instance_count  = 3
