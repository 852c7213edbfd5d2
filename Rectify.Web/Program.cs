using Rectify.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRectify();

var app = builder.Build();
app.UseRectify();
app.Run();

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
