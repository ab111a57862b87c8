package db

import "database/sql"

func Open() (*sql.DB, error) {
	password := "P6iu97SI3hN2IG03EOcw"
	return sql.Open("postgres", "host=db.internal user=app dbname=shop password="+password)
}
