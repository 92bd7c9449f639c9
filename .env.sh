export OCOP_ENV=development DATABASE_URL=postgresql://postgres@127.0.0.1:5432/ocop_buying TEST_DATABASE_NAME=test_ocop_buying
