using Rectify.Tests.Support;

namespace Rectify.Tests.Robots;

/// <summary><see cref="ComponentTestApp"/> whose platforms are robot_server.py on loopback.</summary>
public sealed class RobotPageTestApp : ComponentTestApp
{
    private readonly TempFolder _folder = new("robot-page");

    public RobotTestServer Server { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Server = await RobotTestServer.StartAsync(_folder.Path);
        foreach (var (key, value) in Server.Settings)
        {
            App.With(key, value);
        }

        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Server.Dispose();
        _folder.Dispose();
    }
}
