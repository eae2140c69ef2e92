// The Baymax patient-intake stack: wiring only. Every value comes from the validated stack config,
// every resource goes through one of two explicit providers (Mumbai for the workload, Hyderabad
// for disaster recovery), and each component owns its own guarantees.
import * as aws from "@pulumi/aws";
import { loadStackConfig } from "./config";
import { AppSecrets } from "./components/appSecrets";
import { ComplianceAlarms } from "./components/complianceAlarms";
import { ConversationStore } from "./components/conversationStore";
import { EncryptionKeys } from "./components/encryptionKeys";
import { FargateBackend } from "./components/fargateBackend";
import { IndiaDrReplica } from "./components/indiaDrReplica";
import { MedicalVpc } from "./components/medicalVpc";
import { PhiDatabase } from "./components/phiDatabase";

// Refuses bad config before anything is registered.
const config = loadStackConfig();
const namePrefix = `${config.project}-${config.environment}`;
const base = { environment: config.environment, namePrefix };

const primary = new aws.Provider("primary", { region: config.primaryRegion as aws.Region });
const dr = new aws.Provider("dr", { region: config.drRegion as aws.Region });
const inPrimary = { provider: primary };

const keys = new EncryptionKeys(
    "keys",
    { ...base, region: config.primaryRegion, deletionProtection: config.deletionProtection },
    inPrimary,
);

const secrets = new AppSecrets(
    "secrets",
    { ...base, secretsKeyArn: keys.secretsKeyArn, openaiApiKey: config.openaiApiKey },
    inPrimary,
);

const network = new MedicalVpc(
    "network",
    {
        ...base,
        region: config.primaryRegion,
        cidrBlock: config.vpcCidr,
        availabilityZones: config.availabilityZones,
        publicSubnetCidrs: config.publicSubnetCidrs,
        appSubnetCidrs: config.appSubnetCidrs,
        dbSubnetCidrs: config.dbSubnetCidrs,
        natGatewayPerAz: config.natGatewayPerAz,
        logsKeyArn: keys.logsKeyArn,
        logRetentionDays: config.logRetentionDays,
    },
    inPrimary,
);

const database = new PhiDatabase(
    "database",
    {
        ...base,
        engineVersion: config.dbEngineVersion,
        minCapacity: config.dbMinCapacity,
        maxCapacity: config.dbMaxCapacity,
        instanceCount: config.dbInstanceCount,
        availabilityZones: config.availabilityZones,
        dbSubnetIds: network.dbSubnetIds,
        databaseSecurityGroupId: network.databaseSecurityGroup.id,
        proxySecurityGroupId: network.proxySecurityGroup.id,
        phiKeyArn: keys.phiKeyArn,
        secretsKeyArn: keys.secretsKeyArn,
        logsKeyArn: keys.logsKeyArn,
        logRetentionDays: config.logRetentionDays,
        deletionProtection: config.deletionProtection,
    },
    inPrimary,
);

const conversations = new ConversationStore(
    "conversations",
    { ...base, phiKeyArn: keys.phiKeyArn, deletionProtection: config.deletionProtection },
    inPrimary,
);

const backend = new FargateBackend(
    "backend",
    {
        ...base,
        region: config.primaryRegion,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        appSubnetIds: network.appSubnetIds,
        albSecurityGroupId: network.albSecurityGroup.id,
        backendSecurityGroupId: network.backendSecurityGroup.id,
        logsKeyArn: keys.logsKeyArn,
        phiKeyArn: keys.phiKeyArn,
        secretsKeyArn: keys.secretsKeyArn,
        imageKeyArn: keys.secretsKeyArn,
        logRetentionDays: config.logRetentionDays,
        imageTag: config.backendImageTag,
        cpu: config.taskCpu,
        memory: config.taskMemory,
        memoryReservation: config.taskMemoryReservation,
        minTasks: config.minTasks,
        maxTasks: config.maxTasks,
        capacityProvider: config.capacityProvider,
        logLevel: config.logLevel,
        certificateArn: config.certificateArn,
        deletionProtection: config.deletionProtection,
        secrets: {
            openaiApiKeyArn: secrets.openaiApiKeyArn,
            jwtSigningKeyArn: secrets.jwtSigningKeyArn,
            encryptionKeyArn: secrets.encryptionKeyArn,
            databaseSecretArn: database.masterUserSecretArn,
        },
        databaseProxyEndpoint: database.proxyEndpoint,
        databaseName: database.databaseName,
        conversationsTableArn: conversations.conversationsTable.arn,
        sessionsTableArn: conversations.sessionsTable.arn,
        conversationsTableName: conversations.conversationsTable.name,
        sessionsTableName: conversations.sessionsTable.name,
    },
    inPrimary,
);

const alarms = new ComplianceAlarms(
    "alarms",
    {
        ...base,
        alarmsKeyArn: keys.alarmsKeyArn,
        medicalAlertEmails: config.medicalAlertEmails,
        criticalAlertEmails: config.criticalAlertEmails,
        albArnSuffix: backend.albArnSuffix,
        targetGroupArnSuffix: backend.targetGroupArnSuffix,
        clusterName: backend.clusterName,
        serviceName: backend.serviceName,
        minTasks: config.minTasks,
        dbClusterIdentifier: database.clusterIdentifier,
        dbMaxCapacity: config.dbMaxCapacity,
        proxyName: database.proxy.name,
        conversationsTableName: conversations.conversationsTable.name,
        sessionsTableName: conversations.sessionsTable.name,
    },
    inPrimary,
);

const disasterRecovery = new IndiaDrReplica(
    "dr",
    {
        ...base,
        drProvider: dr,
        drRegion: config.drRegion,
        phiKeyArn: keys.phiKeyArn,
        backupRetentionDays: config.backupRetentionDays,
        drBackupRetentionDays: config.drBackupRetentionDays,
        protectedResourceArns: [
            database.clusterArn,
            conversations.conversationsTable.arn,
            conversations.sessionsTable.arn,
        ],
        deletionProtection: config.deletionProtection,
        accessLogRetentionDays: config.logRetentionDays,
    },
    inPrimary,
);

export const vpcId = network.vpcId;
export const albDnsName = backend.albDnsName;
export const databaseProxyEndpoint = database.proxyEndpoint;
export const databaseSecretArn = database.masterUserSecretArn;
export const conversationsTableName = conversations.conversationsTable.name;
export const sessionsTableName = conversations.sessionsTable.name;
export const medicalAlertsTopicArn = alarms.medicalTopic.arn;
export const criticalAlertsTopicArn = alarms.criticalTopic.arn;
export const attachmentsBucket = disasterRecovery.attachmentsBucket.bucket;
export const drBucket = disasterRecovery.drBucket.bucket;
export const phiKeyArn = keys.phiKeyArn;
