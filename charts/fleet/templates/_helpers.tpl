{{/* Names, labels and the settings every Fleet role shares. */}}

{{- define "fleet.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "fleet.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: fleet
{{- end -}}

{{/* Selector labels of one role: include "fleet.selectorLabels" (list . "api") */}}
{{- define "fleet.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ $root.Chart.Name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "fleet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "fleet.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* An image reference: include "fleet.image" (list . "fleet-api") */}}
{{- define "fleet.image" -}}
{{- $root := index . 0 -}}
{{- printf "%s%s:%s" $root.Values.image.registry (index . 1) (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}

{{/* Broker, database and storage settings of every role (Fleet's options, Fleet__Section__Name). */}}
{{- define "fleet.env" -}}
- name: Fleet__Bus__Transport
  value: RabbitMq
- name: Fleet__Bus__RabbitMq__Host
  value: {{ .Values.rabbitmq.host | quote }}
- name: Fleet__Bus__RabbitMq__Port
  value: {{ .Values.rabbitmq.port | quote }}
- name: Fleet__Bus__RabbitMq__VirtualHost
  value: {{ .Values.rabbitmq.virtualHost | quote }}
- name: Fleet__Bus__RabbitMq__Username
  value: {{ .Values.rabbitmq.username | quote }}
- name: Fleet__Bus__RabbitMq__Password
  valueFrom:
    secretKeyRef: {name: {{ .Values.rabbitmq.existingSecret }}, key: {{ .Values.rabbitmq.passwordKey }}}
{{- with .Values.rabbitmq.managementUrl }}
- name: Fleet__Bus__RabbitMq__ManagementUrl
  value: {{ . | quote }}
{{- end }}
- name: Fleet__Bus__RabbitMq__ChunkDeliveryLimit
  value: {{ .Values.rabbitmq.chunkDeliveryLimit | quote }}
- name: Fleet__Database__Kind
  value: Postgres
- name: Fleet__Database__ConnectionString
  valueFrom:
    secretKeyRef: {name: {{ .Values.database.existingSecret }}, key: {{ .Values.database.connectionStringKey }}}
- name: Fleet__Storage__Kind
  value: S3
- name: Fleet__Storage__S3__Region
  value: {{ .Values.storage.region | quote }}
{{- with .Values.storage.serviceUrl }}
- name: Fleet__Storage__S3__ServiceUrl
  value: {{ . | quote }}
{{- end }}
{{- if ne (toString .Values.storage.forcePathStyle) "" }}
- name: Fleet__Storage__S3__ForcePathStyle
  value: {{ .Values.storage.forcePathStyle | quote }}
{{- end }}
{{- with .Values.storage.existingSecret }}
- name: Fleet__Storage__S3__AccessKeyId
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: {{ $.Values.storage.accessKeyIdKey }}}
- name: Fleet__Storage__S3__SecretAccessKey
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: {{ $.Values.storage.secretAccessKeyKey }}}
{{- end }}
- name: MASSTRANSIT_USAGE_TELEMETRY
  value: "false"
{{- range $name, $value := .Values.extraEnv }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Liveness on /health, readiness on /health/ready (broker, storage and, on a worker, the loaded OCR engine). */}}
{{- define "fleet.probes" -}}
livenessProbe:
  httpGet: {path: /health, port: http}
  periodSeconds: 10
  failureThreshold: 6
readinessProbe:
  httpGet: {path: /health/ready, port: http}
  periodSeconds: 5
  failureThreshold: 3
startupProbe:
  httpGet: {path: /health, port: http}
  periodSeconds: 2
  failureThreshold: 60
{{- end -}}
