namespace Rectify.Web.LedgerIO;

/// <summary>Where an import run stands (<see cref="ImportRecord.State"/>); see docs/decisions/0023-imports-in-short-transactions.md.</summary>
public enum ImportState
{
    /// <summary>Every item is written and published (the value rows had before runs were recorded while they ran).</summary>
    Completed = 0,

    /// <summary>Items are being written in short transactions; they carry the run's id and no command may change them yet.</summary>
    Running = 1,

    /// <summary>Cancelled, failed or abandoned: what the run wrote is being removed (<see cref="ImportRuns.RollBackAsync"/>).</summary>
    RollingBack = 2,
}
