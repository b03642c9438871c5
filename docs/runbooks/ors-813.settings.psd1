# Settings of Invoke-OrsMigrationPrep.ps1 for the 8.1.3 sample (docs/samples/ors-813).
@{
    ClusterName     = 'ORS_Cluster_1'
    ClusterMap      = @{ ORS_DC1_1 = 'DC1'; ORS_DC1_2 = 'DC1'; ORS_DC2_1 = 'DC2'; ORS_DC2_2 = 'DC2' }
    Keyspace        = 'Orchestration'
    StrategyClass   = 'NetworkTopologyStrategy'
    StrategyOptions = 'DC1:2,DC2:2'
    BackupHost      = @{}
}
