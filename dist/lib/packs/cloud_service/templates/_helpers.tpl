[[- define "job_name" -]]
[[- coalesce (var "job_name" .) (meta "pack.name" .) | quote -]]
[[- end -]]

[[- define "service_name" -]]
[[- coalesce (var "service_name" .) (var "job_name" .) (meta "pack.name" .) | replace "_" "-" | quote -]]
[[- end -]]
