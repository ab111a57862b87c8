resource "aws_db_instance" "orders" {
  identifier        = "orders"
  engine            = "postgres"
  instance_class    = "db.t3.medium"
  username          = "orders"
  password          = "FXNQyyKViBfC19HkOi3yjDsN"
  allocated_storage = 50
}
