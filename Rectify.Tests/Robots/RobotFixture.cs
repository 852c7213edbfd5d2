using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Support;
using Rectify.Web.Mail;
using Rectify.Web.Robots;

namespace Rectify.Tests.Robots;

/// <summary>One app (SQLite, demo data) and one robot_server.py for a test class; each test sets the robot it needs.</summary>
public sealed class RobotFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new("robots");

    public RobotTestServer Server { get; private set; } = null!;

    public RectifyFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await RobotTestServer.StartAsync(_folder.Path);
        App = new RectifyFactory();
        foreach (var (key, value) in Server.Settings)
        {
            App.With(key, value);
        }

        _ = App.Services;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Server.Dispose();
        _folder.Dispose();
    }

    public async Task<int> OrganizationAsync(string name)
    {
        await using var db = App.CreateDbContext();
        return await db.Organizations.Where(o => o.Name.Contains(name)).Select(o => o.Id).SingleAsync();
    }

    /// <summary>Makes the organisation's robot the only one, with an empty robot outbox (what earlier tests left is gone).</summary>
    public async Task SetRobotAsync(int organizationId, RobotPlatform platform, string address, string? secret)
    {
        var secrets = App.Services.GetRequiredService<RobotSecrets>();
        await using var db = App.CreateDbContext();
        await db.Set<GroupRobot>().ExecuteDeleteAsync();
        await db.Set<OutboxMessage>().Where(m => m.Channel == OutboxChannel.GroupRobot).ExecuteDeleteAsync();
        db.Set<GroupRobot>().Add(GroupRobot.Create(organizationId, platform, secrets.Protect(address), RobotSecrets.Hint(address),
            secret is null ? null : secrets.Protect(secret), enabled: true, postBulletins: false, "test", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
    }

    /// <summary>Puts <paramref name="message"/> into the outbox for the organisation's robot; returns the outbox id.</summary>
    public async Task<long> EnqueueAsync(int organizationId, RobotMessage message)
    {
        await using var db = App.CreateDbContext();
        var row = OutboxMessage.CreateRobot($"Test:{Guid.NewGuid():N}", "Test", organizationId, "测试组织", message.Title, message.ToJson(), DateTimeOffset.UtcNow);
        db.Set<OutboxMessage>().Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    public async Task<OutboxMessage> MessageAsync(long id)
    {
        await using var db = App.CreateDbContext();
        return await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public Task<RobotDispatchResult> DispatchAsync() => App.Services.GetRequiredService<RobotDispatcher>().DispatchDueAsync();
}
