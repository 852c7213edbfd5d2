using Microsoft.EntityFrameworkCore;
using Rectify.Tests.Support;
using Rectify.Web.Data.Configurations;
using Rectify.Web.Hosting;
using Rectify.Web.Ledger;
using static Rectify.Tests.Ledger.DemoItems;

namespace Rectify.Tests.Ledger;

/// <summary>
/// The item list's default order, "due date, items without one last, then number", comes from the stored generated column
/// NoDueDate and its index. The domain gives every item a due date, so an item without one can only come from outside it
/// (an old ledger restored, a hand edit): made here by clearing one item's due date in the database, after which the database
/// itself must recompute the flag.
/// </summary>
public abstract class DueOrderTests(DatabaseProvider provider)
{
    public sealed class OnSqlite() : DueOrderTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgres() : DueOrderTests(DatabaseProvider.Postgres);

    [Fact]
    public async Task Items_without_a_due_date_come_last_in_both_directions_and_the_flag_follows_the_date()
    {
        using var app = RectifyFactory.On(provider);
        var everything = new ItemFilter { PageSize = 50 };
        var before = (await app.ListAsync("admin", everything)).Rows;
        Key(before[^1]).ShouldNotBe(Study);

        await using (var db = app.CreateDbContext())
        {
            (await db.Items.Where(i => i.Description.StartsWith(Study)).ExecuteUpdateAsync(s => s.SetProperty(i => i.DueDate, (DateOnly?)null))).ShouldBe(1);
            (await db.Items.CountAsync(i => EF.Property<bool>(i, ItemOrder.NoDueDate))).ShouldBe(1);
        }

        var ascending = (await app.ListAsync("admin", everything)).Rows;
        Key(ascending[^1]).ShouldBe(Study);
        ascending.Take(ascending.Count - 1).Select(r => r.DueDate).ShouldBe(before.Where(r => Key(r) != Study).Select(r => r.DueDate));
        var descending = (await app.ListAsync("admin", everything with { Descending = true })).Rows;
        Key(descending[^1]).ShouldBe(Study);
        descending[0].DueDate.ShouldBe(ascending[^2].DueDate);

        await using (var db = app.CreateDbContext())
        {
            var deadline = await db.Items.Where(i => i.Description.StartsWith(Study)).Select(i => i.Deadline).SingleAsync();
            await db.Items.Where(i => i.Description.StartsWith(Study)).ExecuteUpdateAsync(s => s.SetProperty(i => i.DueDate, deadline));
            (await db.Items.CountAsync(i => EF.Property<bool>(i, ItemOrder.NoDueDate))).ShouldBe(0);
        }

        (await app.ListAsync("admin", everything)).Rows.Select(r => r.Id).ShouldBe(before.Select(r => r.Id));
    }
}
