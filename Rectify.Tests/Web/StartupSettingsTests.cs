using Rectify.Tests.Support;

namespace Rectify.Tests.Web;

/// <summary>
/// A bad setting stops the app when it starts, with a message naming the key an operator has to fix, instead of a
/// default silently standing in or a failure later (the first reminder run, the first backup, the first upload).
/// </summary>
public class StartupSettingsTests
{
    [Theory]
    [InlineData("Jobs:Reminders", "30 8 * * *")]
    [InlineData("Backup:Cron", "every night")]
    [InlineData("Rectify:TimeZone", "Mars/Olympus_Mons")]
    [InlineData("Rectify:DueSoonWarningDays", "0")]
    [InlineData("Database:Provider", "Oracle")]
    [InlineData("FileLimits:MaxRows", "-1")]
    [InlineData("Evidence:MaxFileBytes", "-5")]
    [InlineData("Mail:Security", "TLS")]
    [InlineData("Reminders:EscalateToLeaderAfterDays", "0")]
    [InlineData("Reminders:OverdueDailyForDays", "-1")]
    public void The_app_does_not_start_and_names_the_key(string key, string value)
    {
        using var app = new RectifyFactory().With(key, value);

        var error = Should.Throw<Exception>(() => app.CreateClient());

        Messages(error).ShouldContain(key, Case.Sensitive);
    }

    [Fact]
    public void Postgres_without_a_connection_string_names_both_keys()
    {
        using var app = new RectifyFactory().With("Database:Provider", "Postgres");

        var error = Should.Throw<Exception>(() => app.CreateClient());

        Messages(error).ShouldContain("Database:ConnectionString", Case.Sensitive);
    }

    /// <summary>The messages of the exception and everything it wraps (the host may wrap the one the app threw).</summary>
    private static string Messages(Exception error)
    {
        var all = new List<string>();
        var pending = new Stack<Exception>([error]);
        while (pending.TryPop(out var e))
        {
            all.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                aggregate.InnerExceptions.ToList().ForEach(pending.Push);
            }
            else if (e.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return string.Join(" | ", all);
    }
}
