var cs = "Server=sql01;Database=Reports;User Id=reports;Password=" + Environment.GetEnvironmentVariable("REPORTS_PASSWORD") + ";";
var builder = new SqlConnectionStringBuilder { DataSource = "sql01", Password = password };
