// Facts about AWS that the rules rely on, kept as data so that a change of fact (a new taggable
// type, a new KMS algorithm) is one line here rather than a change to rule logic.

/** The regions the stack may use by default: Mumbai for PHI, Hyderabad for disaster recovery. */
export const INDIA_REGIONS = ["ap-south-1", "ap-south-2"] as const;

/** The disaster-recovery region by default, where copies of PHI go: Hyderabad. */
export const DR_REGIONS = ["ap-south-2"] as const;

/** The tags every taggable resource must carry in its own `tags` input. */
export const REQUIRED_TAGS = ["Environment", "Compliance", "DataClass", "Service", "Name"] as const;

/** The only value of the `Compliance` tag. */
export const COMPLIANCE_TAG_VALUE = "HIPAA";

/** How sensitive a resource's data is; the `DataClass` tag must be one of these. */
export const DATA_CLASSES = ["PHI", "Confidential", "Internal"] as const;

/** S3 default-encryption algorithms that use a KMS key (single- or dual-layer). */
export const S3_KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"] as const;

/** The S3 default-encryption algorithm with S3-managed keys (SSE-S3). */
export const S3_SSE_S3_ALGORITHM = "AES256";

/**
 * Bucket-name globs of buckets AWS forbids KMS on: Elastic Load Balancing access logs and S3
 * server access logs are delivered only to buckets encrypted with SSE-S3, so these must use
 * AES256 instead of a customer-managed key.
 */
export const SSE_S3_ONLY_BUCKETS = ["*-alb-access-logs*", "*-s3-access-logs*"] as const;

/** The ECR repository encryption type that uses a KMS key. */
export const ECR_KMS_ENCRYPTION_TYPE = "KMS";

/** AWS-managed key aliases per service: encrypted, but not with a key the stack controls. */
export const AWS_MANAGED_KEY_ALIASES = {
    secretsmanager: "alias/aws/secretsmanager",
    sns: "alias/aws/sns",
} as const;

/** The KMS key spec that supports automatic rotation (the default spec). */
export const ROTATABLE_KEY_SPEC = "SYMMETRIC_DEFAULT";

/**
 * Resource types this program creates whose @pulumi/aws v7 (or awsx v3) args accept `tags`;
 * resources of other types (routes, associations, policies attached to roles, bucket settings,
 * secret versions, aliases) cannot carry tags and are not checked.
 */
export const TAGGABLE_TYPES = [
    "aws:appautoscaling/target:Target",
    "aws:backup/plan:Plan",
    "aws:backup/vault:Vault",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:dynamodb/table:Table",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    "aws:ec2/eip:Eip",
    "aws:ec2/flowLog:FlowLog",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ecr/repository:Repository",
    "aws:ecs/cluster:Cluster",
    "aws:ecs/service:Service",
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:iam/policy:Policy",
    "aws:iam/role:Role",
    "aws:kms/key:Key",
    "aws:lb/listener:Listener",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/targetGroup:TargetGroup",
    "aws:rds/cluster:Cluster",
    "aws:rds/clusterInstance:ClusterInstance",
    "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    "aws:rds/proxy:Proxy",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:s3/bucket:Bucket",
    "aws:secretsmanager/secret:Secret",
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
    "aws:servicediscovery/service:Service",
    "aws:sns/topic:Topic",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:wafv2/webAcl:WebAcl",
    "awsx:ecr:Repository",
] as const;

export type TaggableType = (typeof TAGGABLE_TYPES)[number];

/** The provider resource type whose `region` decides where every child resource lands. */
export const AWS_PROVIDER_TYPE = "pulumi:providers:aws";
