using Microsoft.AspNetCore.Builder;
using Rectify.Web.Hosting;

namespace Rectify.Generator;

/// <summary>
/// <c>dotnet Rectify.Generator.dll --items 100000 [--orgs 500] [--users 5000] [--seed N]</c> (or <c>bench/generate.sh</c>):
/// the app's services on the configured database, then <see cref="GenerateDataCommand"/>. Configuration as for the app
/// (environment variables such as <c>Rectify__DataFolder</c>, or <c>--Database:Provider Postgres</c>).
/// </summary>
public static class GeneratorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddRectify();
        await using var app = builder.Build();
        return await GenerateDataCommand.RunAsync(app.Services, args, Console.Out);
    }
}
