namespace Rectify.Web.LedgerIO;

public enum LedgerPhase
{
    Reading,
    Validating,
    Saving,
    Writing,
    Done,
}
