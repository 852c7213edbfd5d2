namespace Rectify.Web.Evidence;

/// <summary>Where evidence files' bytes live (Evidence:Store; decision 0032).</summary>
public enum EvidenceStoreKind
{
    /// <summary>Files under {DataFolder}/evidence: every instance must share that folder. The default on SQLite.</summary>
    Folder,

    /// <summary>Chunks in the database's EvidenceBlobChunks table: every instance on the database reads them. The default on PostgreSQL.</summary>
    Database,
}
