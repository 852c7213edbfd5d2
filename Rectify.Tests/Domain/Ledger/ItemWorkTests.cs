using Rectify.Domain.Ledger;
using Rectify.Tests.Domain.TestSupport;
using static Rectify.Tests.Domain.TestSupport.LedgerWorld;

namespace Rectify.Tests.Domain.Ledger;

/// <summary>The owner's side: measures, progress reports, evidence.</summary>
public class ItemWorkTests
{
    private readonly LedgerWorld _world = new();

    [Fact]
    public void First_progress_report_moves_an_open_item_to_InProgress()
    {
        var item = _world.NewItem();

        var report = item.AddProgress(_world.As(Office1Secretary), Today.AddDays(-1), "  召开支部委员会专题研究整改。 ", 20, Today, Now);

        item.Status.ShouldBe(ItemStatus.InProgress);
        item.LastProgressDate.ShouldBe(Today.AddDays(-1));
        report.Text.ShouldBe("召开支部委员会专题研究整改。");
        report.Percent.ShouldBe(20);
        report.AuthorName.ShouldBe("陈静");
        item.ProgressReports.ShouldHaveSingleItem().ShouldBeSameAs(report);
        item.Version.ShouldBe(2);
    }

    [Fact]
    public void Progress_audit_shows_the_status_change_and_the_text()
    {
        var item = _world.NewItem();

        item.AddProgress(_world.As(Office1Secretary), Today, "开展专题学习。", null, Today, Now);

        var record = item.PendingAudit.ShouldHaveSingleItem();
        record.Action.ShouldBe("item.progress_added");
        record.Before.ShouldBe("""{"status":"Open","lastProgressDate":null}""");
        record.After.ShouldNotBeNull();
        record.After.ShouldStartWith("""{"status":"InProgress","lastProgressDate":"2026-03-02","progressReportId":""");
        record.After.ShouldEndWith(""","date":"2026-03-02","text":"开展专题学习。","percent":null}""");
    }

    [Fact]
    public void A_backdated_report_does_not_move_the_last_progress_date_back()
    {
        var item = _world.InProgressItem();

        item.AddProgress(_world.As(Office1Secretary), Today.AddDays(-20), "补录：2月份学习情况。", null, Today, Now);

        item.LastProgressDate.ShouldBe(Today);
        item.ProgressReports.Count.ShouldBe(2);
    }

    [Fact]
    public void Progress_text_is_required()
    {
        var item = _world.NewItem();
        Action act = () => item.AddProgress(_world.As(Office1Secretary), Today, " ", null, Today, Now);
        act.ShouldBeRefused("item.progress.text.required").InChinese().ShouldBe("整改进展不能为空。");
        item.Status.ShouldBe(ItemStatus.Open);
        item.Version.ShouldBe(1);
    }

    [Fact]
    public void Progress_may_not_be_dated_in_the_future()
    {
        var item = _world.NewItem();
        Action act = () => item.AddProgress(_world.As(Office1Secretary), Today.AddDays(1), "明天的进展", null, Today, Now);
        act.ShouldBeRefused("item.progress.date_in_future").InChinese().ShouldBe("进展日期不能晚于今天。");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Progress_percent_must_be_between_0_and_100(int percent)
    {
        var item = _world.NewItem();
        Action act = () => item.AddProgress(_world.As(Office1Secretary), Today, "进展", percent, Today, Now);
        act.ShouldBeRefused("item.progress.percent_out_of_range");
    }

    [Fact]
    public void Progress_is_refused_while_the_item_awaits_sign_off()
    {
        var item = _world.AwaitingSignOffItem();
        Action act = () => item.AddProgress(_world.As(Office1Secretary), Today, "补充进展", null, Today, Now);
        act.ShouldBeRefused("item.locked.awaiting_signoff").InChinese().ShouldBe("该整改事项正在等待销号审核，暂不能修改；如需继续整改，请由领导退回。");
    }

    [Fact]
    public void Progress_is_refused_once_signed_off_or_closed()
    {
        var signedOff = _world.SignedOffItem();
        Action onSignedOff = () => signedOff.AddProgress(_world.As(Office1Secretary), Today, "进展", null, Today, Now);
        onSignedOff.ShouldBeRefused("item.locked.signed_off");

        var closed = _world.ClosedItem();
        Action onClosed = () => closed.AddProgress(_world.As(Office1Secretary), Today, "进展", null, Today, Now);
        onClosed.ShouldBeRefused("item.locked.closed");
    }

    [Fact]
    public void Secretary_of_the_responsible_branch_may_report_progress_for_an_item_someone_else_owns()
    {
        var item = _world.NewItem(_world.Details(owner: Office1Member.UserId));

        item.AddProgress(_world.As(Office1Secretary), Today, "支部书记代为填报。", null, Today, Now);

        item.Status.ShouldBe(ItemStatus.InProgress);
    }

    [Fact]
    public void Secretary_of_another_branch_may_not_report_progress()
    {
        var item = _world.NewItem();
        Action act = () => item.AddProgress(_world.As(Office2Secretary), Today, "进展", null, Today, Now);
        act.ShouldBeForbidden().Code.ShouldBe("item.forbidden.work");
        item.ProgressReports.ShouldBeEmpty();
    }

    [Fact]
    public void A_leader_reads_but_does_not_report_progress()
    {
        var item = _world.NewItem();
        Action act = () => item.AddProgress(_world.As(OfficeLeader), Today, "进展", null, Today, Now);
        act.ShouldBeForbidden();
    }

    [Fact]
    public void Adding_a_measure_records_its_owner_and_due_date()
    {
        var item = _world.NewItem();

        var measure = item.AddMeasure(_world.As(Office1Secretary), "制定支部年度学习计划", Office1Member.UserId, Today.AddDays(14), Now);

        item.Measures.ShouldHaveSingleItem().ShouldBeSameAs(measure);
        measure.Text.ShouldBe("制定支部年度学习计划");
        measure.OwnerId.ShouldBe("wufang");
        measure.DueDate.ShouldBe(Today.AddDays(14));
        measure.Done.ShouldBeFalse();
        item.Version.ShouldBe(2);
        item.PendingAudit.ShouldHaveSingleItem().Action.ShouldBe("item.measure_added");
    }

    [Fact]
    public void Measure_text_is_required_and_limited_to_500_characters()
    {
        var item = _world.NewItem();
        Action empty = () => item.AddMeasure(_world.As(Office1Secretary), "", null, null, Now);
        empty.ShouldBeRefused("item.measure.text.required");
        Action tooLong = () => item.AddMeasure(_world.As(Office1Secretary), new string('措', 501), null, null, Now);
        tooLong.ShouldBeRefused("item.measure.text.too_long");
    }

    [Fact]
    public void Updating_a_measure_audits_the_changed_fields()
    {
        var item = _world.NewItem();
        var measure = item.AddMeasure(_world.As(Office1Secretary), "制定学习计划", null, Today.AddDays(14), Now);
        item.ClearPendingAudit();

        item.UpdateMeasure(_world.As(Office1Secretary), measure.Id, "制定支部年度学习计划", null, Today.AddDays(20), Now);

        measure.Text.ShouldBe("制定支部年度学习计划");
        measure.DueDate.ShouldBe(Today.AddDays(20));
        var record = item.PendingAudit.ShouldHaveSingleItem();
        record.Action.ShouldBe("item.measure_updated");
        record.Before.ShouldBe("""{"text":"制定学习计划","dueDate":"2026-03-16"}""");
    }

    [Fact]
    public void Measure_owner_may_mark_their_own_measure_done()
    {
        var item = _world.InProgressItem();
        var measure = item.AddMeasure(_world.As(Office1Secretary), "整理学习笔记", Office1Member.UserId, null, Now);
        item.ClearPendingAudit();

        item.SetMeasureDone(_world.As(Office1Member), measure.Id, true, Now.AddDays(2));

        measure.Done.ShouldBeTrue();
        measure.DoneAt.ShouldBe(Now.AddDays(2));
        var record = item.PendingAudit.ShouldHaveSingleItem();
        record.Action.ShouldBe("item.measure_done");
        record.ActorId.ShouldBe("wufang");
    }

    [Fact]
    public void Someone_who_owns_no_measure_and_cannot_work_on_the_item_may_not_mark_it_done()
    {
        var item = _world.InProgressItem();
        var measure = item.AddMeasure(_world.As(Office1Secretary), "整理学习笔记", Office1Member.UserId, null, Now);

        Action act = () => item.SetMeasureDone(_world.As(WelfareSecretary), measure.Id, true, Now);

        act.ShouldBeForbidden();
        measure.Done.ShouldBeFalse();
    }

    [Fact]
    public void Marking_a_measure_not_done_again_clears_the_done_time()
    {
        var item = _world.InProgressItem();
        var measure = item.AddMeasure(_world.As(Office1Secretary), "整理学习笔记", null, null, Now);
        item.SetMeasureDone(_world.As(Office1Secretary), measure.Id, true, Now);
        var version = item.Version;

        item.SetMeasureDone(_world.As(Office1Secretary), measure.Id, true, Now);
        item.Version.ShouldBe(version);

        item.SetMeasureDone(_world.As(Office1Secretary), measure.Id, false, Now);
        measure.Done.ShouldBeFalse();
        measure.DoneAt.ShouldBeNull();
        item.PendingAudit[^1].Action.ShouldBe("item.measure_undone");
    }

    [Fact]
    public void Unknown_measure_is_refused()
    {
        var item = _world.NewItem();
        Action act = () => item.SetMeasureDone(_world.As(Office1Secretary), Guid.NewGuid(), true, Now);
        act.ShouldBeRefused("item.measure.not_found");
    }

    [Fact]
    public void Evidence_keeps_file_metadata_and_may_belong_to_a_progress_report()
    {
        var item = _world.InProgressItem();
        var report = item.ProgressReports[0];

        var file = item.AttachEvidence(_world.As(Office1Secretary), "支部学习会议记录.pdf", "application/pdf", 204_800,
            "evidence/2026/03/abc.pdf", Now, report.Id);

        item.Evidence.ShouldHaveSingleItem().ShouldBeSameAs(file);
        file.ProgressReportId.ShouldBe(report.Id);
        file.UploadedBy.ShouldBe("chenjing");
        file.Size.ShouldBe(204_800);
        item.PendingAudit.ShouldHaveSingleItem().After!.ShouldContain("\"fileName\":\"支部学习会议记录.pdf\"");
    }

    [Fact]
    public void Evidence_may_still_be_added_while_awaiting_sign_off_but_not_once_closed()
    {
        var awaiting = _world.AwaitingSignOffItem();
        awaiting.AttachEvidence(_world.As(Office1Secretary), "照片.jpg", "image/jpeg", 1000, "k1", Now);
        awaiting.Evidence.Count.ShouldBe(1);

        var closed = _world.ClosedItem();
        Action act = () => closed.AttachEvidence(_world.As(Office1Secretary), "照片.jpg", "image/jpeg", 1000, "k2", Now);
        act.ShouldBeRefused("item.locked.closed");
    }

    [Fact]
    public void Evidence_needs_a_file_name_content_and_a_known_progress_report()
    {
        var item = _world.InProgressItem();
        var me = _world.As(Office1Secretary);

        Action noName = () => item.AttachEvidence(me, " ", "image/jpeg", 10, "k", Now);
        noName.ShouldBeRefused("item.evidence.file_name.required");
        Action empty = () => item.AttachEvidence(me, "a.jpg", "image/jpeg", 0, "k", Now);
        empty.ShouldBeRefused("item.evidence.empty");
        Action strayReport = () => item.AttachEvidence(me, "a.jpg", "image/jpeg", 10, "k", Now, Guid.NewGuid());
        strayReport.ShouldBeRefused("item.evidence.unknown_progress");
    }
}
