namespace Rectify.Web.Components.Recurrence;

/// <summary>A problem of an import preview to check for earlier ones like it: how the preview names it (row, draft), its text, its organisation if known.</summary>
public sealed record ImportProblem(string Label, string Text, int? OrganizationId);
