using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// Beside a large SQLite export, reads the tables the export looks its rows up in, each in its stored order, on a connection
/// of its own (decision 0067). The export reads the items in the list's order and looks up each one's latest progress report
/// and measures: when the database file is not in the operating system's page cache (after a restart of the machine, or
/// when other work pushed it out) each lookup is a random read of the disk, and a whole-ledger export of 1,000,000 items read
/// 5 GB in 33 s. Read in order, the same tables and lookup indexes come into the page cache in 3.7 s, and the export that runs
/// beside it takes the time it takes with the file cached (about 20 s). Nothing is kept in the server's memory: the
/// connection has no memory mapping and a 1 MB page cache; what the reads leave is the operating system's page cache.
/// </summary>
public sealed class SqliteExportWarmUp : IAsyncDisposable
{
    /// <summary>
    /// The tables the export reads, then their indexes it searches: <c>length</c> of a text column reads every page of the table
    /// including overflow pages; <c>count(*)</c> with <c>INDEXED BY</c> reads every page of that index.
    /// </summary>
    internal static readonly string[] Statements =
    [
        """SELECT sum(length("Description")) FROM "RectificationItems" """,
        """SELECT sum(length("Text")) FROM "ProgressReports" """,
        """SELECT sum(length("Text")) FROM "Measures" """,
        """SELECT count(*) FROM "ProgressReports" INDEXED BY "IX_ProgressReports_ItemId" """,
        """SELECT count(*) FROM "Measures" INDEXED BY "IX_Measures_ItemId" """,
    ];

    private readonly SqliteConnection connection;
    private readonly CancellationTokenSource stop;
    private readonly CancellationTokenRegistration interrupt;
    private readonly Task reading;

    private SqliteExportWarmUp(SqliteConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        this.connection = connection;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The export stopped or ended: a statement in progress is interrupted, not waited for.
        interrupt = stop.Token.Register(Interrupt);
        reading = Task.Run(() => Read(logger, stop.Token), CancellationToken.None);
    }

    /// <summary>Starts reading beside the export of the database <paramref name="connectionString"/> names.</summary>
    public static SqliteExportWarmUp Start(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false, Mode = SqliteOpenMode.ReadOnly };
        return new SqliteExportWarmUp(new SqliteConnection(builder.ToString()), logger, cancellationToken);
    }

    /// <summary>The reading finished (or failed, or was interrupted); for tests.</summary>
    internal Task Completion => reading;

    private void Read(ILogger logger, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = "PRAGMA mmap_size = 0; PRAGMA cache_size = -1024;";
                pragmas.ExecuteNonQuery();
            }

            foreach (var statement in Statements)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var command = connection.CreateCommand();
                command.CommandText = statement;
                command.CommandTimeout = 0;
                command.ExecuteScalar();
            }

            logger.LogDebug("Export warm-up read the looked-up tables in {Elapsed} ms", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or SqliteException)
        {
            // The export stopped; so did this.
        }
        catch (Exception e)
        {
            // Only ever a loss of speed: the export reads the same rows with or without it.
            logger.LogWarning(e, "Export warm-up failed after {Elapsed} ms; the export goes on without it", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private void Interrupt()
    {
        if (connection.State == System.Data.ConnectionState.Open)
        {
            SQLitePCL.raw.sqlite3_interrupt(connection.Handle);
        }
    }

    /// <summary>Stops the reading if it is still going (a small export can end first), then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await reading;
        await interrupt.DisposeAsync();
        stop.Dispose();
        await connection.DisposeAsync();
    }
}
