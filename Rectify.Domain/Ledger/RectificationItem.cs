using Rectify.Domain.Access;
using Rectify.Domain.Auditing;
using Rectify.Domain.Organizations;

namespace Rectify.Domain.Ledger;

/// <summary>
/// 整改事项: one problem turned into a tracked item, and the aggregate that owns its measures, progress, evidence,
/// extension requests and sign-off history.
/// Every mutating method checks permission first (<see cref="DomainForbiddenException"/>), then state and input
/// (<see cref="DomainException"/>), then changes the item, increments <see cref="Version"/> and appends an
/// <see cref="AuditRecord"/>. A call that changes nothing (same values) is a no-op: no version, no audit.
/// </summary>
public sealed class RectificationItem : Auditable
{
    private readonly List<Measure> _measures = [];
    private readonly List<ProgressReport> _progressReports = [];
    private readonly List<EvidenceFile> _evidence = [];
    private readonly List<ExtensionRequest> _extensions = [];
    private readonly List<SignOffDecision> _signOffDecisions = [];

    private RectificationItem()
    {
    }

    public Guid Id { get; private set; }

    public Guid ProblemListId { get; private set; }

    /// <summary>编号, e.g. "2026-民主生活会-003".</summary>
    public string Number { get; private set; } = string.Empty;

    public string Description { get; private set; } = string.Empty;

    public string Category { get; private set; } = string.Empty;

    /// <summary>责任单位</summary>
    public int ResponsibleOrganizationId { get; private set; }

    /// <summary>责任人</summary>
    public string OwnerId { get; private set; } = string.Empty;

    /// <summary>责任领导</summary>
    public string LeaderId { get; private set; } = string.Empty;

    public DeadlineType DeadlineType { get; private set; }

    /// <summary>整改时限; null for 长期坚持.</summary>
    public DateOnly? Deadline { get; private set; }

    /// <summary>How often a 长期坚持 item reports progress; null otherwise.</summary>
    public ReportingPeriod? Period { get; private set; }

    /// <summary>长效机制: required before a 长期坚持 item may ask for sign-off.</summary>
    public string? LongTermMechanism { get; private set; }

    public ItemStatus Status { get; private set; }

    /// <summary>整改完成情况, written when asking for sign-off.</summary>
    public string? CompletionSummary { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The calendar day of creation in the organisation's time zone; a 长期坚持 item's first report is due one period after it.</summary>
    public DateOnly CreatedOn { get; private set; }

    public string CreatedBy { get; private set; } = string.Empty;

    public DateTimeOffset? SignOffRequestedAt { get; private set; }

    /// <summary>Who asked for the pending sign-off; they may not decide it (<see cref="ItemAccess.CheckDecideSignOff"/>).</summary>
    public string? SignOffRequestedBy { get; private set; }

    public DateTimeOffset? SignedOffAt { get; private set; }

    public string? SignedOffBy { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The latest date of any progress report.</summary>
    public DateOnly? LastProgressDate { get; private set; }

    /// <summary>备注</summary>
    public string? Remarks { get; private set; }

    /// <summary>
    /// 屡查屡犯: the earlier item this problem is the same weakness as, found again; null when it is not (or not known to be) a
    /// recurrence. Set by an administrator when entering the problem or later (<see cref="MarkRecurrence"/>).
    /// </summary>
    public Guid? RecurrenceOfItemId { get; private set; }

    /// <summary>Incremented by every change; the persistence layer's optimistic concurrency token.</summary>
    public int Version { get; private set; }

    /// <summary>
    /// The date the traffic light is measured against, kept up to date by every change so lists can filter and sort
    /// by it in the database: the deadline, or for 长期坚持 items the next progress report due (<see cref="NextReportDue"/>).
    /// </summary>
    public DateOnly? DueDate { get; private set; }

    public IReadOnlyList<Measure> Measures => _measures;

    public IReadOnlyList<ProgressReport> ProgressReports => _progressReports;

    public IReadOnlyList<EvidenceFile> Evidence => _evidence;

    public IReadOnlyList<ExtensionRequest> Extensions => _extensions;

    public IReadOnlyList<SignOffDecision> SignOffDecisions => _signOffDecisions;

    /// <summary>The reason of the latest sign-off decision if it was a send-back; null otherwise.</summary>
    public string? LastSendBackReason =>
        _signOffDecisions.OrderBy(d => d.DecidedAt).LastOrDefault() is { Approved: false } last ? last.Reason : null;

    public ExtensionRequest? PendingExtension => _extensions.SingleOrDefault(e => e.State == ExtensionState.Pending);

    /// <summary>For 长期坚持 items: one period after the latest progress (or after creation); null for other items.</summary>
    public DateOnly? NextReportDue => Period is ReportingPeriod period ? period.After(LastProgressDate ?? CreatedOn) : null;

    protected override string AuditEntityType => "RectificationItem";

    protected override string AuditEntityId => Id.ToString();

    // ---- creation and editing (administrators) ----

    /// <summary>Creates an <see cref="ItemStatus.Open"/> item numbered <c>{list.NumberPrefix}-{sequence:000}</c>. Administrators only.</summary>
    /// <param name="sequence">The next free number in the list, see <see cref="ItemNumber.NextSequence"/>.</param>
    /// <param name="today">The calendar day in the organisation's time zone; the deadline may not be earlier.</param>
    public static RectificationItem Create(
        AccessContext access, ProblemList list, int sequence, ItemDetails details, DateOnly today, DateTimeOffset now)
    {
        Allow(ItemAccess.CanCreate(access.Actor), "item.forbidden.create");
        if (sequence < 1)
        {
            throw new DomainException("item.number.invalid");
        }

        var valid = Validate(details, access.Organizations, requireActiveOrganization: true);
        EnsureDeadlineNotPast(valid.Deadline, today);

        var item = new RectificationItem
        {
            Id = Guid.CreateVersion7(now),
            ProblemListId = list.Id,
            Number = ItemNumber.Format(list.NumberPrefix, sequence),
            Status = ItemStatus.Open,
            CreatedAt = now,
            CreatedOn = today,
            CreatedBy = access.Actor.UserId,
        };
        item.Apply(valid);

        var changes = new AuditChanges().Added("number", item.Number).Added("status", item.Status);
        AddDetails(changes, valid);
        item.Changed(AuditActions.ItemCreated, access.Actor, now, changes);
        return item;
    }

    /// <summary>Administrators only; not once closed. Changing the deadline here bypasses an extension request, so a new deadline may not be in the past.</summary>
    public void UpdateDetails(AccessContext access, ItemDetails details, DateOnly today, DateTimeOffset now)
    {
        Ensure(ItemAction.EditDetails, access);
        var organizationChanged = details.ResponsibleOrganizationId != ResponsibleOrganizationId;
        var valid = Validate(details, access.Organizations, requireActiveOrganization: organizationChanged);
        if (valid.Deadline != Deadline || valid.DeadlineType != DeadlineType)
        {
            // An approved extension would otherwise overwrite the edited deadline with one computed from the old.
            if (PendingExtension is not null)
            {
                throw new DomainException("item.deadline.extension_pending");
            }

            EnsureDeadlineNotPast(valid.Deadline, today);
        }

        var changes = new AuditChanges()
            .Change("description", Description, valid.Description)
            .Change("category", Category, valid.Category)
            .Change("responsibleOrganizationId", ResponsibleOrganizationId, valid.ResponsibleOrganizationId)
            .Change("ownerId", OwnerId, valid.OwnerId)
            .Change("leaderId", LeaderId, valid.LeaderId)
            .Change("deadlineType", DeadlineType, valid.DeadlineType)
            .Change("deadline", Deadline, valid.Deadline)
            .Change("period", Period, valid.Period)
            .Change("remarks", Remarks, valid.Remarks);
        if (changes.IsEmpty)
        {
            return;
        }

        Apply(valid);
        Changed(AuditActions.ItemUpdated, access.Actor, now, changes);
    }

    // ---- measures ----

    public Measure AddMeasure(AccessContext access, string text, string? ownerId, DateOnly? dueDate, DateTimeOffset now)
    {
        Ensure(ItemAction.EditMeasures, access);
        var measure = new Measure(_measures.Count + 1, ValidMeasureText(text), ValidOptionalUser(ownerId), dueDate, now);
        _measures.Add(measure);
        Changed(AuditActions.MeasureAdded, access.Actor, now, new AuditChanges()
            .Added("measureId", measure.Id)
            .Added("text", measure.Text)
            .Added("ownerId", measure.OwnerId)
            .Added("dueDate", measure.DueDate));
        return measure;
    }

    public void UpdateMeasure(AccessContext access, Guid measureId, string text, string? ownerId, DateOnly? dueDate, DateTimeOffset now)
    {
        Ensure(ItemAction.EditMeasures, access);
        var measure = FindMeasure(measureId);
        var validText = ValidMeasureText(text);
        var validOwner = ValidOptionalUser(ownerId);
        var changes = new AuditChanges()
            .Change("text", measure.Text, validText)
            .Change("ownerId", measure.OwnerId, validOwner)
            .Change("dueDate", measure.DueDate, dueDate);
        if (changes.IsEmpty)
        {
            return;
        }

        measure.Update(validText, validOwner, dueDate);
        Changed(AuditActions.MeasureUpdated, access.Actor, now, changes.Added("measureId", measure.Id));
    }

    /// <summary>Marks a measure done (or not done again). The measure's own owner may do this too.</summary>
    public void SetMeasureDone(AccessContext access, Guid measureId, bool done, DateTimeOffset now)
    {
        var measure = FindMeasure(measureId);
        Throw(MeasureDoneRefusal(access, measure));
        if (measure.Done == done)
        {
            return;
        }

        var changes = new AuditChanges().Change("done", measure.Done, done).Added("measureId", measure.Id);
        measure.SetDone(done, now);
        Changed(done ? AuditActions.MeasureDone : AuditActions.MeasureUndone, access.Actor, now, changes);
    }

    // ---- progress and evidence ----

    /// <summary>填报整改进展. The first report moves an open item to <see cref="ItemStatus.InProgress"/>.
    /// Refused while the item awaits sign-off, is signed off or closed.</summary>
    /// <param name="percent">完成比例 0..100, optional.</param>
    /// <param name="submissionId">The submitting form's id (<see cref="ProgressReport.SubmissionId"/>), if it had one.</param>
    public ProgressReport AddProgress(AccessContext access, DateOnly date, string text, int? percent, DateOnly today, DateTimeOffset now, Guid? submissionId = null)
    {
        Ensure(ItemAction.AddProgress, access);
        var validText = TextRules.Required(text, LedgerLimits.ProgressText, "item.progress.text");
        if (percent is < 0 or > 100)
        {
            throw new DomainException("item.progress.percent_out_of_range");
        }

        if (date > today)
        {
            throw new DomainException("item.progress.date_in_future");
        }

        var report = new ProgressReport(date, validText, percent, access.Actor.UserId, access.Actor.DisplayName, now, submissionId);
        _progressReports.Add(report);
        var newLast = LastProgressDate is DateOnly last && last > date ? last : date;
        var changes = new AuditChanges()
            .Change("status", Status, ItemStatus.InProgress)
            .Change("lastProgressDate", LastProgressDate, newLast)
            .Added("progressReportId", report.Id)
            .Added("date", date)
            .Added("text", validText)
            .Added("percent", percent);
        Status = ItemStatus.InProgress;
        LastProgressDate = newLast;
        Changed(AuditActions.ProgressAdded, access.Actor, now, changes);
        report.ItemVersion = Version;
        return report;
    }

    /// <summary>Records an uploaded file (metadata only). Allowed in every state but closed, so a leader reviewing a sign-off can ask for more.</summary>
    /// <param name="progressReportId">Ties the file to one progress report of this item; null for the item as a whole.</param>
    public EvidenceFile AttachEvidence(
        AccessContext access,
        string fileName,
        string contentType,
        long size,
        string storageKey,
        DateTimeOffset now,
        Guid? progressReportId = null)
    {
        Ensure(ItemAction.AttachEvidence, access);
        var validName = TextRules.Required(fileName, LedgerLimits.FileName, "item.evidence.file_name", singleLine: true);
        var validType = TextRules.Required(contentType, LedgerLimits.ContentType, "item.evidence.content_type", singleLine: true);
        ArgumentException.ThrowIfNullOrWhiteSpace(storageKey);
        if (size <= 0)
        {
            throw new DomainException("item.evidence.empty");
        }

        if (progressReportId is Guid reportId && _progressReports.All(p => p.Id != reportId))
        {
            throw new DomainException("item.evidence.unknown_progress");
        }

        var file = new EvidenceFile(progressReportId, validName, validType, size, storageKey, access.Actor.UserId, now);
        _evidence.Add(file);
        Changed(AuditActions.EvidenceAdded, access.Actor, now, new AuditChanges()
            .Added("evidenceId", file.Id)
            .Added("fileName", file.FileName)
            .Added("contentType", file.ContentType)
            .Added("size", file.Size)
            .Added("progressReportId", file.ProgressReportId));
        return file;
    }

    // ---- sign-off (销号) ----

    /// <summary>申请销号: <see cref="ItemStatus.InProgress"/> → <see cref="ItemStatus.AwaitingSignOff"/>.
    /// Needs at least one progress report and a summary; a 长期坚持 item also needs its 长效机制,
    /// which may be given here (or kept from before).</summary>
    public void RequestSignOff(AccessContext access, string summary, DateTimeOffset now, string? longTermMechanism = null)
    {
        Ensure(ItemAction.RequestSignOff, access);
        var validSummary = TextRules.Required(summary, LedgerLimits.CompletionSummary, "item.signoff.summary");
        var mechanism = TextRules.Optional(longTermMechanism, LedgerLimits.LongTermMechanism, "item.signoff.mechanism")
            ?? LongTermMechanism;
        if (DeadlineType == DeadlineType.LongTerm && mechanism is null)
        {
            throw new DomainException("item.signoff.needs_mechanism");
        }

        var changes = new AuditChanges()
            .Change("status", Status, ItemStatus.AwaitingSignOff)
            .Change("completionSummary", CompletionSummary, validSummary)
            .Change("longTermMechanism", LongTermMechanism, mechanism);
        Status = ItemStatus.AwaitingSignOff;
        CompletionSummary = validSummary;
        LongTermMechanism = mechanism;
        SignOffRequestedAt = now;
        SignOffRequestedBy = access.Actor.UserId;
        Changed(AuditActions.SignOffRequested, access.Actor, now, changes);
    }

    /// <summary>销号审核通过: <see cref="ItemStatus.AwaitingSignOff"/> → <see cref="ItemStatus.SignedOff"/>; the scheduler closes it later.</summary>
    public void ApproveSignOff(AccessContext access, DateTimeOffset now)
    {
        Ensure(ItemAction.DecideSignOff, access);
        var changes = new AuditChanges().Change("status", Status, ItemStatus.SignedOff)
            .Added("requestedBy", SignOffRequestedBy)
            .Added("decidedBy", access.Actor.UserId);
        _signOffDecisions.Add(new SignOffDecision(true, null, access.Actor.UserId, CompletionSummary ?? string.Empty, now, SignOffRequestedBy));
        Status = ItemStatus.SignedOff;
        SignedOffAt = now;
        SignedOffBy = access.Actor.UserId;
        Changed(AuditActions.SignOffApproved, access.Actor, now, changes);
    }

    /// <summary>退回: <see cref="ItemStatus.AwaitingSignOff"/> → <see cref="ItemStatus.InProgress"/>, with a reason the owner sees
    /// (<see cref="LastSendBackReason"/>).</summary>
    public void SendBack(AccessContext access, string reason, DateTimeOffset now)
    {
        Ensure(ItemAction.DecideSignOff, access);
        var validReason = TextRules.Required(reason, LedgerLimits.Reason, "item.sendback.reason");
        var changes = new AuditChanges().Change("status", Status, ItemStatus.InProgress)
            .Added("requestedBy", SignOffRequestedBy)
            .Added("decidedBy", access.Actor.UserId);
        _signOffDecisions.Add(new SignOffDecision(false, validReason, access.Actor.UserId, CompletionSummary ?? string.Empty, now, SignOffRequestedBy));
        Status = ItemStatus.InProgress;
        SignOffRequestedAt = null;
        SignOffRequestedBy = null;
        Changed(AuditActions.SentBack, access.Actor, now, changes, validReason);
    }

    /// <summary>True when the scheduler may close the item now: signed off and the notice period (公示期) has passed.</summary>
    public bool IsDueForClosing(DateTimeOffset now, int noticeDays) =>
        Status == ItemStatus.SignedOff && SignedOffAt is DateTimeOffset at && now >= at.AddDays(noticeDays);

    /// <summary>
    /// 销号: <see cref="ItemStatus.SignedOff"/> → <see cref="ItemStatus.Closed"/>, by the scheduler (<see cref="Actor.System"/>) only,
    /// once <paramref name="noticeDays"/> have passed since sign-off.
    /// Safe to repeat: an already closed item is left alone and the method returns false; true means it closed the item now.
    /// </summary>
    public bool Close(Actor actor, DateTimeOffset now, int noticeDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(noticeDays);
        Allow(actor.IsSystem, "item.forbidden.close");
        if (Status == ItemStatus.Closed)
        {
            return false;
        }

        if (Status != ItemStatus.SignedOff)
        {
            throw new DomainException("item.close.not_signed_off");
        }

        if (!IsDueForClosing(now, noticeDays))
        {
            throw new DomainException("item.close.notice_period", noticeDays);
        }

        var changes = new AuditChanges().Change("status", Status, ItemStatus.Closed);
        Status = ItemStatus.Closed;
        ClosedAt = now;
        Changed(AuditActions.Closed, actor, now, changes);
        return true;
    }

    /// <summary>重新打开: administrators only, from <see cref="ItemStatus.SignedOff"/> or <see cref="ItemStatus.Closed"/> back to
    /// <see cref="ItemStatus.InProgress"/>, with a reason. Clears the sign-off and closing stamps; the decision history stays.</summary>
    public void Reopen(AccessContext access, string reason, DateTimeOffset now)
    {
        Ensure(ItemAction.Reopen, access);
        var validReason = TextRules.Required(reason, LedgerLimits.Reason, "item.reopen.reason");
        var changes = new AuditChanges()
            .Change("status", Status, ItemStatus.InProgress)
            .Change("signedOffAt", SignedOffAt, null)
            .Change("signedOffBy", SignedOffBy, null)
            .Change("closedAt", ClosedAt, null);
        Status = ItemStatus.InProgress;
        SignOffRequestedAt = null;
        SignOffRequestedBy = null;
        SignedOffAt = null;
        SignedOffBy = null;
        ClosedAt = null;
        Changed(AuditActions.Reopened, access.Actor, now, changes, validReason);
    }

    // ---- extensions (延期) ----

    /// <summary>延期申请. Not for 长期坚持 items, nor once signed off or closed; one pending request at a time.
    /// The new deadline must be later than the current one and not before today.</summary>
    public ExtensionRequest RequestExtension(
        AccessContext access, DateOnly newDeadline, string reason, DateOnly today, DateTimeOffset now)
    {
        Ensure(ItemAction.RequestExtension, access);
        var current = Deadline!.Value;
        if (newDeadline <= current)
        {
            throw new DomainException("item.extension.not_later", current);
        }

        if (newDeadline < today)
        {
            throw new DomainException("item.extension.in_past");
        }

        var validReason = TextRules.Required(reason, LedgerLimits.Reason, "item.extension.reason");
        var request = new ExtensionRequest(current, newDeadline, validReason, access.Actor.UserId, now);
        _extensions.Add(request);
        Changed(AuditActions.ExtensionRequested, access.Actor, now, new AuditChanges()
            .Added("extensionId", request.Id)
            .Added("deadline", current)
            .Added("requestedDeadline", newDeadline), validReason);
        return request;
    }

    /// <summary>Approves or refuses a pending extension. Approval moves <see cref="Deadline"/>; the request keeps the old one.
    /// Refusing needs a comment.</summary>
    public void DecideExtension(AccessContext access, Guid requestId, bool approve, string? comment, DateTimeOffset now)
    {
        Ensure(ItemAction.DecideExtension, access);
        var request = _extensions.SingleOrDefault(e => e.Id == requestId)
            ?? throw new DomainException("item.extension.not_found");
        AllowDecider(ItemAccess.CheckDecideExtension(access.Actor, this, request, access.Organizations));
        if (request.State != ExtensionState.Pending)
        {
            throw new DomainException("item.extension.already_decided");
        }

        var validComment = TextRules.Optional(comment, LedgerLimits.Reason, "item.extension.comment");
        if (!approve && validComment is null)
        {
            throw new DomainException("item.extension.comment_required");
        }

        request.Decide(approve, access.Actor.UserId, validComment, now);
        var changes = new AuditChanges().Added("extensionId", request.Id)
            .Added("requestedBy", request.RequestedBy)
            .Added("decidedBy", access.Actor.UserId);
        if (approve)
        {
            changes.Change("deadline", Deadline, request.RequestedDeadline);
            Deadline = request.RequestedDeadline;
        }

        Changed(approve ? AuditActions.ExtensionApproved : AuditActions.ExtensionRefused, access.Actor, now, changes, validComment);
    }

    // ---- recurrence (屡查屡犯) ----

    /// <summary>
    /// Marks this item as the same weakness as <paramref name="earlier"/> found again, or clears the mark (null). Administrators
    /// only, in any state: it records where a problem came from and changes nothing of its rectification. The earlier item
    /// must exist, be another item, be readable to the actor and have been entered before this one (which also rules out
    /// cycles). <paramref name="earlier"/> is null both for "clear" and for an id that was not found: the caller passes
    /// <paramref name="requested"/>, the id asked for, so the two are told apart.
    /// </summary>
    public void MarkRecurrence(AccessContext access, Guid? requested, RectificationItem? earlier, DateTimeOffset now)
    {
        Ensure(ItemAction.MarkRecurrence, access);
        if (requested is Guid id)
        {
            if (id == Id)
            {
                throw new DomainException("item.recurrence.self");
            }

            if (earlier is null || earlier.Id != id || !ItemAccess.CanRead(access.Actor, earlier, access.Organizations))
            {
                throw new DomainException("item.recurrence.not_found");
            }

            if (earlier.CreatedAt >= CreatedAt)
            {
                throw new DomainException("item.recurrence.not_earlier");
            }
        }

        if (RecurrenceOfItemId == requested)
        {
            return;
        }

        var changes = new AuditChanges().Change("recurrenceOf", RecurrenceOfItemId, requested);
        if (earlier is not null)
        {
            changes.Added("recurrenceOfNumber", earlier.Number);
        }

        RecurrenceOfItemId = requested;
        Changed(requested is null ? AuditActions.RecurrenceCleared : AuditActions.RecurrenceMarked, access.Actor, now, changes);
    }

    /// <summary>
    /// Records that an administrator looked at a likely recurrence found among existing items and decided this item is not
    /// <paramref name="earlier"/>'s weakness found again (屡查屡犯 review). Changes nothing of the item but its audit (and
    /// version); the pair itself is kept outside the aggregate so the scan does not propose it again.
    /// </summary>
    public void DismissRecurrence(AccessContext access, RectificationItem? earlier, DateTimeOffset now)
    {
        Ensure(ItemAction.MarkRecurrence, access);
        if (earlier is null || earlier.Id == Id || !ItemAccess.CanRead(access.Actor, earlier, access.Organizations))
        {
            throw new DomainException("item.recurrence.not_found");
        }

        Changed(AuditActions.RecurrenceDismissed, access.Actor, now, new AuditChanges().Added("recurrenceOfNumber", earlier.Number));
    }

    // ---- what an actor may do now ----

    /// <summary>
    /// The actions <paramref name="access"/>'s actor may take on this item in its present state: exactly those whose
    /// method would not refuse before looking at the input. The page shows these and no others.
    /// </summary>
    public IReadOnlySet<ItemAction> AvailableActions(AccessContext access) =>
        Enum.GetValues<ItemAction>().Where(action => Refusal(action, access) is null).ToHashSet();

    public bool Can(ItemAction action, AccessContext access) => Refusal(action, access) is null;

    /// <summary>Whether the actor may tick (or untick) this measure now.</summary>
    public bool CanSetMeasureDone(AccessContext access, Measure measure) => MeasureDoneRefusal(access, measure) is null;

    /// <summary>
    /// Why <paramref name="action"/> is refused to this actor now (permission first, then the item's state), or null when
    /// it is allowed. Every method runs this through <see cref="Ensure"/> before it checks its input, so a guard added here
    /// changes what the command accepts and what the page offers at once.
    /// </summary>
    private DomainException? Refusal(ItemAction action, AccessContext access) => action switch
    {
        ItemAction.EditMeasures or ItemAction.AddProgress => WorkRefusal(access) ?? LockedUnlessWorkable(),
        ItemAction.AttachEvidence => WorkRefusal(access) ?? LockedIfClosed(),
        ItemAction.RequestSignOff => WorkRefusal(access) ?? SignOffRequestRefusal(),
        ItemAction.DecideSignOff => DeciderRefusal(ItemAccess.CheckDecideSignOff(access.Actor, this, access.Organizations)) ?? NotAwaitingSignOff(),
        ItemAction.RequestExtension => WorkRefusal(access) ?? ExtensionRequestRefusal(),
        ItemAction.DecideExtension => DecideRefusal(access) ?? LockedIfClosed() ?? NoPendingExtension()
            ?? DeciderRefusal(ItemAccess.CheckDecideExtension(access.Actor, this, PendingExtension!, access.Organizations)),
        ItemAction.Reopen => Forbidden(ItemAccess.CanReopen(access.Actor), "item.forbidden.reopen") ?? NotReopenable(),
        ItemAction.EditDetails => Forbidden(ItemAccess.CanEdit(access.Actor), "item.forbidden.edit") ?? LockedIfClosed(),
        ItemAction.MarkRecurrence => Forbidden(ItemAccess.CanEdit(access.Actor), "item.forbidden.edit"),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private void Ensure(ItemAction action, AccessContext access) => Throw(Refusal(action, access));

    private static void Throw(DomainException? refusal)
    {
        if (refusal is not null)
        {
            throw refusal;
        }
    }

    private static DomainForbiddenException? Forbidden(bool allowed, string code) => allowed ? null : new DomainForbiddenException(code);

    private DomainException? WorkRefusal(AccessContext access) =>
        Forbidden(ItemAccess.CanWorkOn(access.Actor, this), "item.forbidden.work");

    private DomainException? DecideRefusal(AccessContext access) =>
        Forbidden(ItemAccess.CanDecide(access.Actor, this, access.Organizations), "item.forbidden.decide");

    private DomainException? MeasureDoneRefusal(AccessContext access, Measure measure) =>
        Forbidden(ItemAccess.CanMarkMeasureDone(access.Actor, this, measure), "item.forbidden.work") ?? LockedUnlessWorkable();

    /// <summary>Owner-side work (measures, progress) happens only while the item is open or in progress.</summary>
    private DomainException? LockedUnlessWorkable() => Status is ItemStatus.Open or ItemStatus.InProgress ? null : Locked();

    private DomainException? LockedIfClosed() => Status == ItemStatus.Closed ? Locked() : null;

    private DomainException? SignOffRequestRefusal() =>
        Status == ItemStatus.Open || _progressReports.Count == 0
            ? new DomainException("item.signoff.needs_progress")
            : LockedUnlessWorkable();

    private DomainException? NotAwaitingSignOff() =>
        Status == ItemStatus.AwaitingSignOff ? null : new DomainException("item.signoff.not_requested");

    /// <summary>Not for 长期坚持 items, nor once signed off or closed; one pending request at a time.</summary>
    private DomainException? ExtensionRequestRefusal()
    {
        if (DeadlineType == DeadlineType.LongTerm || Deadline is null)
        {
            return new DomainException("item.extension.long_term");
        }

        if (Status is ItemStatus.SignedOff or ItemStatus.Closed)
        {
            return Locked();
        }

        return PendingExtension is null
            ? null
            : new DomainException("item.extension.already_pending");
    }

    /// <summary>Nothing to decide: every request was decided already, or there never was one.</summary>
    private DomainException? NoPendingExtension() =>
        PendingExtension is not null ? null
        : _extensions.Count > 0 ? new DomainException("item.extension.already_decided")
        : new DomainException("item.extension.not_found");

    private DomainException? NotReopenable() =>
        Status is ItemStatus.SignedOff or ItemStatus.Closed
            ? null
            : new DomainException("item.reopen.not_closed");

    // ---- derived: overdue and traffic light ----

    /// <summary>逾期: not signed off or closed and the deadline has passed. 长期坚持 items are never overdue by deadline
    /// (see <see cref="IsReportOverdue"/>).</summary>
    public bool IsOverdue(DateOnly today) => IsUnfinished && Deadline is DateOnly deadline && deadline < today;

    /// <summary>Days past the deadline, or null when not overdue.</summary>
    public int? DaysOverdue(DateOnly today) => IsOverdue(today) ? today.DayNumber - Deadline!.Value.DayNumber : null;

    /// <summary>For an unfinished 长期坚持 item: the next periodic progress report is late.</summary>
    public bool IsReportOverdue(DateOnly today) => IsUnfinished && NextReportDue is DateOnly due && due < today;

    /// <summary>
    /// 红黄绿灯: <see cref="TrafficLight.Done"/> once signed off or closed; otherwise red when the deadline (for 长期坚持: the next
    /// report) has passed, yellow when it falls within <paramref name="warnDays"/> days (today included), else green.
    /// </summary>
    public TrafficLight Light(DateOnly today, int warnDays = 7)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warnDays);
        if (!IsUnfinished)
        {
            return TrafficLight.Done;
        }

        if (DueDateFor(this) is not DateOnly date)
        {
            return TrafficLight.Green;
        }

        var daysLeft = date.DayNumber - today.DayNumber;
        return daysLeft < 0 ? TrafficLight.Red : daysLeft <= warnDays ? TrafficLight.Yellow : TrafficLight.Green;
    }

    // ---- helpers ----

    private static DateOnly? DueDateFor(RectificationItem item) =>
        item.DeadlineType == DeadlineType.LongTerm ? item.NextReportDue : item.Deadline;

    private bool IsUnfinished => Status is not (ItemStatus.SignedOff or ItemStatus.Closed);

    private static void Allow(bool allowed, string code)
    {
        if (!allowed)
        {
            throw new DomainForbiddenException(code);
        }
    }

    /// <summary>Refuses with the code <see cref="ItemAccess"/> gave (separation of duties: who asked, who did the work).</summary>
    private static void AllowDecider(string? refusal) => Throw(DeciderRefusal(refusal));

    private static DomainForbiddenException? DeciderRefusal(string? refusal) =>
        refusal is null ? null : new DomainForbiddenException(refusal);

    private void Changed(string action, Actor actor, DateTimeOffset now, AuditChanges changes, string? comment = null)
    {
        Version++;
        DueDate = DueDateFor(this);
        Audit(action, actor, now, changes, comment);
    }

    private DomainException Locked() => Status switch
    {
        ItemStatus.AwaitingSignOff => new DomainException("item.locked.awaiting_signoff"),
        ItemStatus.SignedOff => new DomainException("item.locked.signed_off"),
        ItemStatus.Closed => new DomainException("item.locked.closed"),
        _ => throw new InvalidOperationException($"Item in status {Status} is not locked."),
    };

    private Measure FindMeasure(Guid measureId) =>
        _measures.SingleOrDefault(m => m.Id == measureId)
        ?? throw new DomainException("item.measure.not_found");

    private static string ValidMeasureText(string text) =>
        TextRules.Required(text, LedgerLimits.MeasureText, "item.measure.text", field: nameof(Measures));

    private static string? ValidOptionalUser(string? userId) =>
        TextRules.Optional(userId, LedgerLimits.UserId, "item.measure.owner");

    private static void EnsureDeadlineNotPast(DateOnly? deadline, DateOnly today)
    {
        if (deadline < today)
        {
            throw new DomainException("item.deadline.in_past") { Field = nameof(ItemDetails.Deadline) };
        }
    }

    /// <summary>
    /// Every reason <see cref="Create"/> and <see cref="AddMeasure"/> would refuse these details and measures, not only the
    /// first: each field's rule is checked on its own (the same rules, <see cref="Validate"/> stops at the first). Each
    /// refusal names its <see cref="DomainException.Field"/>. For checking many rows before creating any (Excel import).
    /// </summary>
    public static IReadOnlyList<DomainException> ProblemsOfNew(
        AccessContext access, ItemDetails details, IEnumerable<string> measures, DateOnly today)
    {
        var problems = new List<DomainException>();
        void Check(Action rule)
        {
            try
            {
                rule();
            }
            catch (DomainException e)
            {
                problems.Add(e);
            }
        }

        Check(() => Allow(ItemAccess.CanCreate(access.Actor), "item.forbidden.create"));
        Check(() => ValidDescription(details));
        Check(() => ValidCategory(details));
        Check(() => ValidPeople(details));
        Check(() => ValidRemarks(details));
        Check(() => ValidOrganization(details, access.Organizations, requireActive: true));
        Check(() => EnsureDeadlineNotPast(ValidSchedule(details).Deadline, today));
        foreach (var measure in measures)
        {
            Check(() => ValidMeasureText(measure));
        }

        return problems;
    }

    private static ItemDetails Validate(ItemDetails d, OrganizationTree organizations, bool requireActiveOrganization)
    {
        var description = ValidDescription(d);
        var category = ValidCategory(d);
        var (owner, leader) = ValidPeople(d);
        var remarks = ValidRemarks(d);
        ValidOrganization(d, organizations, requireActiveOrganization);
        var schedule = ValidSchedule(d);
        return d with
        {
            Description = description,
            Category = category,
            OwnerId = owner,
            LeaderId = leader,
            Remarks = remarks,
            Deadline = schedule.Deadline,
            Period = schedule.Period,
        };
    }

    private static string ValidDescription(ItemDetails d) =>
        TextRules.Required(d.Description, LedgerLimits.Description, "item.description", field: nameof(d.Description));

    private static string ValidCategory(ItemDetails d) =>
        TextRules.Required(d.Category, LedgerLimits.Category, "item.category", singleLine: true, field: nameof(d.Category));

    private static string? ValidRemarks(ItemDetails d) =>
        TextRules.Optional(d.Remarks, LedgerLimits.Remarks, "item.remarks", field: nameof(d.Remarks));

    private static (string Owner, string Leader) ValidPeople(ItemDetails d)
    {
        var owner = TextRules.Required(d.OwnerId, LedgerLimits.UserId, "item.owner", singleLine: true, field: nameof(d.OwnerId));
        var leader = TextRules.Required(d.LeaderId, LedgerLimits.UserId, "item.leader", singleLine: true, field: nameof(d.LeaderId));
        if (owner == leader)
        {
            throw new DomainException("item.leader.same_as_owner") { Field = nameof(d.LeaderId) };
        }

        return (owner, leader);
    }

    private static void ValidOrganization(ItemDetails d, OrganizationTree organizations, bool requireActive)
    {
        var organization = organizations.Find(d.ResponsibleOrganizationId)
            ?? throw new DomainException("item.organization.unknown") { Field = nameof(d.ResponsibleOrganizationId) };
        if (requireActive && !organization.IsActive)
        {
            throw new DomainException("item.organization.inactive") { Field = nameof(d.ResponsibleOrganizationId) };
        }
    }

    /// <summary>The deadline type with its deadline or its reporting period.</summary>
    private static (DateOnly? Deadline, ReportingPeriod? Period) ValidSchedule(ItemDetails d)
    {
        if (!Enum.IsDefined(d.DeadlineType))
        {
            throw new DomainException("item.deadline_type.unknown") { Field = nameof(d.DeadlineType) };
        }

        if (d.DeadlineType == DeadlineType.LongTerm)
        {
            if (d.Deadline is not null)
            {
                throw new DomainException("item.deadline.not_for_long_term") { Field = nameof(d.Deadline) };
            }

            if (d.Period is not ReportingPeriod period || !Enum.IsDefined(period))
            {
                throw new DomainException("item.period.required") { Field = nameof(d.Period) };
            }
        }
        else
        {
            if (d.Deadline is null)
            {
                throw new DomainException("item.deadline.required") { Field = nameof(d.Deadline) };
            }

            if (d.Period is not null)
            {
                throw new DomainException("item.period.only_for_long_term") { Field = nameof(d.Period) };
            }
        }

        return (d.Deadline, d.Period);
    }

    private static void AddDetails(AuditChanges changes, ItemDetails d) => changes
        .Added("description", d.Description)
        .Added("category", d.Category)
        .Added("responsibleOrganizationId", d.ResponsibleOrganizationId)
        .Added("ownerId", d.OwnerId)
        .Added("leaderId", d.LeaderId)
        .Added("deadlineType", d.DeadlineType)
        .Added("deadline", d.Deadline)
        .Added("period", d.Period)
        .Added("remarks", d.Remarks);

    private void Apply(ItemDetails d)
    {
        Description = d.Description;
        Category = d.Category;
        ResponsibleOrganizationId = d.ResponsibleOrganizationId;
        OwnerId = d.OwnerId;
        LeaderId = d.LeaderId;
        DeadlineType = d.DeadlineType;
        Deadline = d.Deadline;
        Period = d.Period;
        Remarks = d.Remarks;
    }
}
