using Microsoft.Extensions.DependencyInjection;

public class Startup
{
    private const string LegacyConnection = "Server=legacy01;Database=Orders;User ID=orders;Password=QZ98n1q7PDQnNNo13N;";
    private const string PasswordResetRoute = "account/password/reset";

    public void ConfigureServices(IServiceCollection services) { }
}
