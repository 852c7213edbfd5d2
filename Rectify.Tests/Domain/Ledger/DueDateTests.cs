using Rectify.Domain.Ledger;
using Rectify.Tests.Domain.TestSupport;

namespace Rectify.Tests.Domain.Ledger;

/// <summary>DueDate is stored so lists can filter by it in the database; it must always equal what the light uses.</summary>
public class DueDateTests
{
    private static readonly LedgerWorld World = new();
    private static readonly DateOnly Today = LedgerWorld.Today;
    private static readonly DateTimeOffset Now = LedgerWorld.Now;

    [Fact]
    public void Due_date_is_the_deadline_for_dated_items()
    {
        var item = World.NewItem();
        item.DueDate.ShouldBe(item.Deadline);
    }

    [Fact]
    public void Due_date_follows_an_approved_extension()
    {
        var item = World.InProgressItem();
        var request = item.RequestExtension(World.As(LedgerWorld.Office1Secretary), item.Deadline!.Value.AddDays(20), "需要协调上级部门。", Today, Now);
        item.DecideExtension(World.As(LedgerWorld.TopLeader), request.Id, approve: true, null, Now);
        item.DueDate.ShouldBe(item.Deadline);
        item.DueDate.ShouldBe(request.RequestedDeadline);
    }

    [Fact]
    public void Due_date_of_a_long_term_item_is_the_next_report_and_moves_with_progress()
    {
        var item = World.LongTermItem(ReportingPeriod.Monthly);
        item.DueDate.ShouldBe(item.NextReportDue);
        item.DueDate.ShouldBe(Today.AddMonths(1));

        item.AddProgress(World.As(LedgerWorld.Office1Secretary), Today.AddDays(-1), "召开支委会研究制度建设。", null, Today, Now);

        item.DueDate.ShouldBe(Today.AddDays(-1).AddMonths(1));
    }
}
