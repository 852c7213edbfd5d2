using System.Text;

namespace Rectify.Web.Auditing;

/// <summary>
/// The result of checking the chain: how many entries were verified, the first one that does not fit (if any) and why, how
/// many anchors it was compared with, and the chain's head now (what an administrator compares with a mailed anchor).
/// </summary>
public sealed record AuditVerification(int Checked, int Unsealed, long? FirstBrokenId, string? Problem, int AnchorsChecked = 0, AuditAnchor? Head = null)
{
    public bool Intact => FirstBrokenId is null;
}
