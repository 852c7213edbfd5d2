using Rectify.Web.Admin;

namespace Rectify.Web.Ledger;

public static class LedgerServiceCollectionExtensions
{
    public static IServiceCollection AddRectifyLedger(this IServiceCollection services)
    {
        services.AddSingleton<OrganizationDirectory>();
        services.AddSingleton<LedgerClock>();
        services.AddScoped<ActorFactory>();
        services.AddScoped<ActorAccessor>();
        services.AddScoped<ItemCommands>();
        services.AddScoped<ItemQueries>();
        services.AddScoped<Overview.OverviewQueries>();
        services.AddScoped<Overview.RecurrenceOverviewQueries>();
        services.AddScoped<UserDirectory>();
        services.AddSingleton<RoleMembers>();
        services.AddSingleton<Auditing.AuditAnchors>();
        services.AddSingleton<Auditing.AuditChain>();
        services.AddScoped<AdminGuard>();
        services.AddScoped<OrganizationAdminService>();
        services.AddScoped<UserAdminService>();
        services.AddScoped<ProblemListService>();
        services.AddScoped<Recurrence.RecurrenceSearch>();
        services.AddScoped<Recurrence.RecurrenceScan>();
        services.AddScoped<Recurrence.RecurrenceReview>();
        services.AddScoped<JobAdministration>();
        services.AddScoped<OutboxAdministration>();
        services.AddScoped<AuditAdministration>();
        services.AddScoped<Components.Shared.UiActions>();
        return services;
    }
}
